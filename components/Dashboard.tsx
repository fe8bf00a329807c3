import React from 'react';
import { Box, H2, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

/** The statistics dashboard; charts arrive with the statistics work. */
const Dashboard: React.FC = () => {
  const { translateComponent } = useTranslation();
  return (
    <Box variant="grey" data-testid="dashboard">
      <Box variant="white">
        <H2>{translateComponent('Dashboard.title')}</H2>
        <Text>{translateComponent('Dashboard.empty')}</Text>
      </Box>
    </Box>
  );
};

export default Dashboard;
